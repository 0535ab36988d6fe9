/**
 * Holds the director to account: runs it on every prompt of test/fixtures/director-corpus.json and
 * checks each plan against the facts the prompt clearly states.
 *
 *   npm run eval:director [-- --verbose] [-- --only en|zh|<id prefix>]
 *
 * Prints accuracy per category (facts passed / facts) and overall; exits 1 when overall accuracy is
 * below 95% or any category is below 90%.
 */
import { directPrompt } from '../src/director/index.ts';
import { evaluate, formatReport, loadCorpus, thresholdFailures } from '../test/director-eval/facts.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;

const corpus = loadCorpus().filter((e) => !only || e.lang === only || e.id.startsWith(only));
const report = evaluate(corpus, directPrompt);
const failures = thresholdFailures(report);
const en = corpus.filter((e) => e.lang === 'en').length;
console.log(
  `director eval: ${corpus.length} prompts (${en} en, ${corpus.length - en} zh), ${report.results.length} facts\n`,
);
console.log(formatReport(report, { verbose }));
console.log(failures.length ? `\nFAIL: ${failures.join('; ')}` : '\nPASS');
process.exitCode = failures.length ? 1 : 0;
