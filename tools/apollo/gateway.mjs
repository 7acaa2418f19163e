// Apollo Gateway as a reference implementation: serve a supergraph on 127.0.0.1.
//
//   node gateway.mjs SUPERGRAPH.graphql PORT
//
// Prints "ready <url>" on stdout once listening. Used to produce reference responses for
// Helhed's conformance fixtures and as a comparison point in the federation benchmark.
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';

const [supergraphPath, portText] = process.argv.slice(2);
if (!supergraphPath || !portText) {
  console.error('usage: node gateway.mjs SUPERGRAPH.graphql PORT');
  process.exit(2);
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(supergraphPath, 'utf8'),
  buildService: ({ url }) => new RemoteGraphQLDataSource({ url }),
});

const server = new ApolloServer({
  gateway,
  includeStacktraceInErrorResponses: false,
  csrfPrevention: false,
});

const { url } = await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(portText) },
});
console.log(`ready ${url}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
