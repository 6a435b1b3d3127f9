/* synthsite: small decisions of the page-wide helpers: the text a citation's copy button copies, which links a
 * printed page follows with their address, and the names given to regions and landmarks Material leaves unnamed.
 * Pure: no DOM (synthsite-cite.js, synthsite-print.js and synthsite.js apply them; node's test runner checks
 * them, tests/js/).
 */
(() => {
  "use strict";

  /* Text as it reads: runs of white space (line breaks of the HTML) as one space, none at the ends. */
  const squash = (text) => text.replace(/\s+/g, " ").trim();

  /* A printed page writes a link's address after it unless the link stays on the page (#...) or its text
   * already is that address. `href`: as written; `address`: resolved against the page. */
  const printsAddress = (href, address, text) => Boolean(href) && href.charAt(0) !== "#" && text.trim() !== address;

  /* The name of a table that scrolls sideways and became a tab stop (its caption's text, if it has one). */
  const scrollRegionLabel = (caption) => `${caption !== null ? `${caption.trim()}: ` : ""}table, scrolls sideways`;

  /* The name of the n-th (from 0) code block's tool bar, so the page's landmarks can be told apart. */
  const codeNavLabel = (n) => `Code block ${n + 1} tools`;

  const api = { squash, printsAddress, scrollRegionLabel, codeNavLabel };
  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  synthsite.pageLogic = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})();
