// Post (or update) the `synthsite changes` summary as one comment on a pull request.
// Used by ci.yml (pull requests from this repository) and pr-comment.yml (pull requests from forks).
// The summary is Markdown that synthsite has already escaped; this script only adds a marker line so the
// next run edits the same comment instead of adding another, and a note saying which code computed it.
const fs = require("fs");

const MARKER = "<!-- synthsite-changes -->";
const LIMIT = 60000; // GitHub refuses comments over 65536 characters

module.exports = async ({ github, context, core }, issueNumber, file, note) => {
  let body = fs.readFileSync(file, "utf8");
  if (body.trim() === "") {
    core.info("no summary to post (synthsite changes wrote nothing; see its log)");
    return;
  }
  if (body.length > LIMIT) {
    body = body.slice(0, LIMIT) + "\n\n(The summary is cut short here; the full text is in the job summary.)\n";
  }
  body = note ? `${MARKER}\n_${note}_\n\n${body}` : `${MARKER}\n${body}`;
  const { owner, repo } = context.repo;
  const comments = await github.paginate(github.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const previous = comments.find((c) => c.user && c.user.type === "Bot" && c.body && c.body.startsWith(MARKER));
  if (previous) {
    await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
    core.info(`updated comment ${previous.id}`);
  } else {
    const created = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
    core.info(`created comment ${created.data.id}`);
  }
};
