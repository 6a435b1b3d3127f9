/* synthsite: a "Copy citation" button under each citation block's APA reference (code blocks get Material's
 * own copy button). It copies the reference's text as it reads and says whether that worked.
 */
(() => {
  "use strict";

  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});

  /* The clipboard API where the page may use it (https, localhost), else the older copy command. */
  const copyText = (text) => {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  };

  const wire = (block) => {
    const apa = block.querySelector(".synthsite-cite-apa");
    if (!apa) return;
    const bar = document.createElement("p");
    bar.className = "synthsite-copy";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button synthsite-copy-button";
    button.textContent = "Copy citation";
    const said = document.createElement("span");
    said.className = "synthsite-copy-status";
    said.setAttribute("role", "status");
    button.addEventListener("click", () => {
      copyText(synthsite.pageLogic.squash(apa.textContent)).then(
        () => {
          said.textContent = "Copied to the clipboard.";
        },
        () => {
          said.textContent = "Could not copy: select the text and copy it.";
        },
      );
    });
    bar.append(button, " ", said);
    apa.parentNode.insertBefore(bar, apa.nextSibling);
  };

  synthsite.cite = { wire };
})();
