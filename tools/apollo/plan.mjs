// Print Apollo's query plans (QueryPlanner + prettyFormatQueryPlan) for operations.
//
//   node plan.mjs SUPERGRAPH.graphql QUERY.graphql ...
//
// Writes a JSON object to stdout: query file -> printed plan, or -> "ERROR: <message>" when
// the operation cannot be planned. OVERRIDE_LABELS=a,b (environment) plans with those
// progressive-override labels active (every other label is inactive).
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, prettyFormatQueryPlan } from '@apollo/query-planner';

const [supergraphPath, ...queryPaths] = process.argv.slice(2);
if (!supergraphPath) {
  console.error('usage: node plan.mjs SUPERGRAPH.graphql QUERY.graphql ...');
  process.exit(2);
}

const supergraph = Supergraph.build(readFileSync(supergraphPath, 'utf8'));
const planner = new QueryPlanner(supergraph);
const labels = (process.env.OVERRIDE_LABELS ?? '').split(',').map((l) => l.trim()).filter(Boolean);
const options = { overrideConditions: new Map(labels.map((label) => [label, true])) };
const plans = {};
for (const path of queryPaths) {
  try {
    const document = parse(readFileSync(path, 'utf8'));
    const operation = operationFromDocument(supergraph.schema, document, { validate: true });
    plans[path] = prettyFormatQueryPlan(planner.buildQueryPlan(operation, options));
  } catch (error) {
    plans[path] = `ERROR: ${error.message}`;
  }
}
process.stdout.write(JSON.stringify(plans, null, 2) + '\n');
