// Compose subgraph SDLs into a supergraph with Apollo's reference composition.
//
//   node compose.mjs [--no-satisfiability] NAME=FILE.graphql[=URL] ...
//
// --no-satisfiability skips Apollo's satisfiability check, to build supergraphs on which some
// operations cannot be planned (for testing how a gateway reports that).
// Writes the supergraph SDL to stdout; on composition errors prints them to stderr, exit 1.
// Without =URL a subgraph gets http://127.0.0.1:4200/NAME.
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';

const args = process.argv.slice(2);
const runSatisfiability = !args.includes('--no-satisfiability');
const services = args.filter((arg) => !arg.startsWith('--')).map((arg) => {
  const [name, file, ...urlParts] = arg.split('=');
  const url = urlParts.length ? urlParts.join('=') : `http://127.0.0.1:4200/${name}`;
  return { name, url, typeDefs: parse(readFileSync(file, 'utf8')) };
});
if (services.length === 0) {
  console.error('usage: node compose.mjs NAME=FILE.graphql[=URL] ...');
  process.exit(2);
}

const result = composeServices(services, { runSatisfiability });
if (result.errors) {
  for (const error of result.errors) console.error(error.toString());
  process.exit(1);
}
for (const hint of result.hints ?? []) console.error(`hint: ${hint.toString()}`);
process.stdout.write(result.supergraphSdl);
