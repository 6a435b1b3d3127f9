/* synthsite: reading a table row's HTML as the browser would, without putting it into the page.
 *
 * A long table keeps its rows as records (synthsite-tables.js) and reads their text, sort keys and filter values
 * from the pre-rendered <tr> fragments of the rows file (synthsite-rows.js fetches them). The HTML is our own
 * build's: escaped text, no comments, no scripts; every < in text or attributes is escaped, so text is what
 * remains between tags, with character references decoded. Pure, apart from the rare character reference that
 * only the browser's own parser decodes (outside a browser it stays as written); node's test runner checks it.
 */
(() => {
  "use strict";

  const REFERENCE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g;
  const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  const CELL = /<td((?:\s[^>]*)?)>([\s\S]*?)<\/td>/g;
  const ATTRIBUTE = /\s([^\s="'>/]+)(?:="([^"]*)")?/g;

  const decoded = new Map();
  let decoder = null;

  /* Anything rarer than the references below: the browser's own parser decides, once per reference. */
  const decodeRare = (reference) => {
    if (typeof document === "undefined") return reference;
    if (!decoded.has(reference)) {
      decoder = decoder || document.createElement("textarea");
      decoder.innerHTML = reference;
      decoded.set(reference, decoder.value);
    }
    return decoded.get(reference);
  };

  const isScalar = (code) =>
    (code >= 0x20 && code < 0x7f) ||
    (code >= 0xa0 && code < 0xd800) ||
    (code > 0xdfff && code <= 0x10ffff && code !== 0xfeff);

  const decodeReference = (reference, name) => {
    if (Object.prototype.hasOwnProperty.call(NAMED, name)) return NAMED[name];
    if (name.charAt(0) === "#") {
      const hex = name.charAt(1) === "x" || name.charAt(1) === "X";
      const code = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (isScalar(code)) return String.fromCodePoint(code);
    }
    return decodeRare(reference);
  };

  /* The text of an HTML fragment: what remains between its tags, character references decoded. */
  const htmlText = (html) => {
    const text = html.replace(/<[^>]*>/g, "");
    return text.includes("&") ? text.replace(REFERENCE, decodeReference) : text;
  };

  /* A tag's attributes (lower-case names; an attribute without a value reads as ""). */
  const attributes = (source) => {
    const found = {};
    for (const match of source.matchAll(ATTRIBUTE)) found[match[1].toLowerCase()] = htmlText(match[2] || "");
    return found;
  };

  /* A row's text in lower case (its textContent, for the text filter) and its cells' text and attributes. */
  const read = (html) => {
    const source = html.includes("\r") ? html.replace(/\r\n?/g, "\n") : html; // as the parser reads line ends
    const end = source.lastIndexOf("</tr>");
    const inner = source.slice(source.indexOf(">") + 1, end < 0 ? source.length : end);
    const cells = [];
    for (const match of inner.matchAll(CELL)) cells.push({ attributes: attributes(match[1]), text: htmlText(match[2]) });
    return { text: htmlText(inner).toLowerCase(), cells };
  };

  const api = { htmlText, attributes, read };
  const synthsite = Object.prototype.hasOwnProperty.call(globalThis, "synthsite")
    ? globalThis.synthsite
    : (globalThis.synthsite = {});
  synthsite.rowHtml = api;
  if (typeof module === "object" && module.exports) module.exports = api;
})();
