#!/usr/bin/env node
'use strict';
process.exitCode = require('./loadCli.js').loadCli().main(process.argv.slice(2));
