// Where the browser code lives, for the tests of its pure modules (node's own test runner, no dependencies).
"use strict";

const path = require("node:path");

const ASSETS = path.join(__dirname, "..", "..", "scripts", "synthsite", "builders", "static", "assets");

/* A pure module of the browser code, loaded as node loads a CommonJS file (each also exports itself for node). */
const load = (name) => require(path.join(ASSETS, name));

module.exports = { ASSETS, load };
