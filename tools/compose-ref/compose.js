#!/usr/bin/env node
// Reference composition for Helhed's compose fixtures.
//
// Composes subgraph SDL files with @apollo/composition, the composition Apollo ships, so that
// our Python composer (gateway/supergraph/compose/) can be compared with it.
//
// Usage:
//   node compose.js NAME=FILE [NAME=FILE ...]   print the supergraph on stdout
//   node compose.js --case DIR [--case DIR ...]  (re)write DIR/supergraph.graphql or DIR/errors.json
//
// A subgraph's URL is http://127.0.0.1:4200/NAME unless DIR/subgraphs.json says otherwise
// (a JSON list of {"name", "url", "file"}). In --case mode every *.graphql file of DIR except
// supergraph.graphql is a subgraph named after the file. On a composition failure the errors
// ({code, message}) go to stderr (plain mode, exit code 1) or to DIR/errors.json (case mode).
'use strict';

const fs = require('fs');
const path = require('path');
const { parse } = require('graphql');
const { composeServices } = require('@apollo/composition');

const DEFAULT_URL = (name) => `http://127.0.0.1:4200/${name}`;

function readService(name, file, url) {
  const sdl = fs.readFileSync(file, 'utf8');
  return { name, url: url || DEFAULT_URL(name), typeDefs: parse(sdl) };
}

function caseServices(dir) {
  const listFile = path.join(dir, 'subgraphs.json');
  if (fs.existsSync(listFile)) {
    const list = JSON.parse(fs.readFileSync(listFile, 'utf8'));
    return list.map((s) => readService(s.name, path.join(dir, s.file), s.url));
  }
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql') && f !== 'supergraph.graphql')
    .sort()
    .map((f) => readService(path.basename(f, '.graphql'), path.join(dir, f)));
}

function describeErrors(errors) {
  return errors.map((e) => ({
    code: (e.extensions && e.extensions.code) || 'UNKNOWN',
    message: e.message,
  }));
}

function composeCase(dir) {
  for (const stale of ['supergraph.graphql', 'errors.json']) {
    fs.rmSync(path.join(dir, stale), { force: true });
  }
  let result;
  try {
    result = composeServices(caseServices(dir));
  } catch (e) {
    result = { errors: [e] };
  }
  if (result.errors) {
    const errors = describeErrors(result.errors);
    fs.writeFileSync(path.join(dir, 'errors.json'), JSON.stringify(errors, null, 2) + '\n');
    console.log(`${dir}: ${errors.length} error(s)`);
    return;
  }
  fs.writeFileSync(path.join(dir, 'supergraph.graphql'), result.supergraphSdl);
  console.log(`${dir}: supergraph written`);
}

function composeArgs(args) {
  const services = args.map((arg) => {
    const at = arg.indexOf('=');
    if (at <= 0) {
      throw new Error(`expected NAME=FILE, got ${arg}`);
    }
    return readService(arg.slice(0, at), arg.slice(at + 1));
  });
  const result = composeServices(services);
  if (result.errors) {
    for (const e of describeErrors(result.errors)) {
      process.stderr.write(`[${e.code}] ${e.message}\n`);
    }
    process.exit(1);
  }
  process.stdout.write(result.supergraphSdl);
}

function main(argv) {
  if (argv[0] === '--case') {
    for (let i = 0; i < argv.length; i += 2) {
      if (argv[i] !== '--case' || !argv[i + 1]) {
        throw new Error('usage: compose.js --case DIR [--case DIR ...]');
      }
      composeCase(argv[i + 1]);
    }
    return;
  }
  composeArgs(argv);
}

main(process.argv.slice(2));
