// Apollo Gateway + Apollo Server, as a federation benchmark peer: serve a supergraph on loopback.
//
//   node apollo-gateway.mjs SUPERGRAPH.graphql PORT
//
// Prints "ready <url>" on stdout once listening; GraphQL at "/". Stops on SIGINT/SIGTERM.
// Configured as a production deployment would be (no stack traces, no landing page).
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';

const [supergraphPath, portText] = process.argv.slice(2);
if (!supergraphPath || !portText) {
  console.error('usage: node apollo-gateway.mjs SUPERGRAPH.graphql PORT');
  process.exit(2);
}

const gateway = new ApolloGateway({ supergraphSdl: readFileSync(supergraphPath, 'utf8') });
const server = new ApolloServer({
  gateway,
  includeStacktraceInErrorResponses: false,
  csrfPrevention: false,
  plugins: [ApolloServerPluginLandingPageDisabled()],
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
