/* synthsite: the rows of long tables, fetched after the page is shown.
 *
 * A table with more rows than one page (data-page-size) carries only its first page in the HTML, so the
 * page stays light however large the synthesis grows (the reference list does the same with its items); the
 * rest are pre-rendered, escaped <tr> fragments in a JSON list beside the page (data-rows-src). This module
 * fetches them and hands a table's fragments to synthsite.js as they are (table.synthsiteDeferredRows: it puts
 * into the page only the rows shown, a page at a time, reading and making rows with window.synthsiteRows
 * below, so that it never handles HTML itself), or appends a list's items; then it marks the holder
 * data-rows-loaded and announces "synthsite:rows-loaded" on the document, upon which synthsite.js wires
 * sorting, filtering and paging across every row (it leaves such a table alone until then). Without
 * JavaScript the first page of rows and a note pointing to the CSV and JSON downloads show.
 * Kept apart from synthsite.js (which owns the table controls) so the two can change independently.
 */
(function () {
  "use strict";

  /* The rows' HTML, for synthsite.js (window.synthsiteRows): it sorts and filters a long table's rows as records
   * and shows a page of them at a time, and leaves every dealing with their HTML to this script. The HTML is our
   * own build's: escaped text, no comments, no scripts. */

  /* Reading a row's HTML as the browser would: text is what remains between tags, with character references
   * decoded (every < in text or attributes is escaped). */
  var REFERENCE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g;
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  var decoded = {};
  var decoder = null;

  function decodeReference(reference, name) {
    if (NAMED.hasOwnProperty(name)) return NAMED[name];
    if (name.charAt(0) === "#") {
      var hex = name.charAt(1) === "x" || name.charAt(1) === "X";
      var code = hex ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (code >= 0x20 && code < 0x7f || code >= 0xa0 && code < 0xd800 || code > 0xdfff && code <= 0x10ffff && code !== 0xfeff) {
        return String.fromCodePoint(code);
      }
    }
    if (!decoded.hasOwnProperty(reference)) { // anything rarer: the browser's own parser decides
      decoder = decoder || document.createElement("textarea");
      decoder.innerHTML = reference;
      decoded[reference] = decoder.value;
    }
    return decoded[reference];
  }

  function htmlText(html) {
    var text = html.replace(/<[^>]*>/g, "");
    return text.indexOf("&") < 0 ? text : text.replace(REFERENCE, decodeReference);
  }

  var CELL = /<td((?:\s[^>]*)?)>([\s\S]*?)<\/td>/g;
  var ATTRIBUTE = /\s([^\s="'>\/]+)(?:="([^"]*)")?/g;

  function attributes(source) {
    var found = {};
    var match;
    ATTRIBUTE.lastIndex = 0;
    while ((match = ATTRIBUTE.exec(source))) found[match[1].toLowerCase()] = htmlText(match[2] || "");
    return found;
  }

  /* A row's text in lower case (its textContent, for the text filter) and its cells' text and attributes. */
  function read(html) {
    if (html.indexOf("\r") >= 0) html = html.replace(/\r\n?/g, "\n"); // as the parser reads line ends
    var end = html.lastIndexOf("</tr>");
    var inner = html.slice(html.indexOf(">") + 1, end < 0 ? html.length : end);
    var cells = [];
    var match;
    CELL.lastIndex = 0;
    while ((match = CELL.exec(inner))) cells.push({ attributes: attributes(match[1]), text: htmlText(match[2]) });
    return { text: htmlText(inner).toLowerCase(), cells: cells };
  }

  /* <tr> elements from row fragments, parsed together in a <tbody> outside the page (where they are not
   * rendered; scripts parsed this way never run). */
  function rows(fragments) {
    var holder = document.createElement("tbody");
    holder.innerHTML = fragments.join("");
    var made = [];
    if (holder.rows.length === fragments.length) {
      for (var i = 0; i < holder.rows.length; i++) made.push(holder.rows[i]);
      return made;
    }
    for (var k = 0; k < fragments.length; k++) { // a fragment that is not one row: each alone
      holder.innerHTML = fragments[k];
      made.push(holder.rows[0] || document.createElement("tr"));
    }
    return made;
  }

  window.synthsiteRows = {
    read: read,
    rows: rows,
    fragment: function (row) { return row.outerHTML; } // a row of the page, as the rows file would hold it
  };

  /* Fetching the rows past the first page ------------------------------------------------------------- */

  function finish(table, note, message) {
    table.setAttribute("data-rows-loaded", "");
    if (note) {
      if (message) note.textContent = message;
      else note.hidden = true;
    }
    document.dispatchEvent(new CustomEvent("synthsite:rows-loaded", { detail: { table: table } }));
  }

  function load(table) {
    table.setAttribute("data-rows-loading", "");
    var note = document.querySelector('[data-rows-note="' + table.id + '"]');
    var url = new URL(table.getAttribute("data-rows-src"), window.location.href);
    fetch(url.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (rows) {
        if (!Array.isArray(rows)) throw new Error("not a list of rows");
        if (table.tBodies) table.synthsiteDeferredRows = rows; // synthsite.js shows them a page at a time
        else table.insertAdjacentHTML("beforeend", rows.join("")); // a list (the references) takes every item
        finish(table, note, null);
      })
      .catch(function () {
        finish(table, note, "The other rows could not be loaded; the CSV and JSON downloads hold every row.");
      });
  }

  function setup() {
    var holders = document.querySelectorAll("[data-rows-src]:not([data-rows-loading])");
    for (var i = 0; i < holders.length; i++) {
      if (!holders[i].tBodies || holders[i].tBodies.length) load(holders[i]);
    }
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
