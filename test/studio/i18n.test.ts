/**
 * The studio's strings: no user-visible text hard-coded in components (JSX text, or a string literal in
 * aria-label, placeholder, title, alt or label), every `t('…')` key present in English and Chinese, and
 * the two languages with the same keys in every namespace.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const STUDIO_SRC = new URL('../../studio/src/', import.meta.url).pathname;
const LOCALES = join(STUDIO_SRC, 'i18n', 'locales');
const LANGUAGES = ['en', 'zh'] as const;
const TEXT_ATTRIBUTES = new Set(['aria-label', 'placeholder', 'title', 'alt', 'label', 'aria-description']);
/** Text with a letter in it is words; punctuation and symbols (“ ” · × …) are not translated. */
const HAS_LETTER = /\p{L}/u;

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? filesUnder(join(dir, e.name), pattern)
      : pattern.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`),
  );
}

function namespaces(language: string): Map<string, Set<string>> {
  const dir = join(LOCALES, language);
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [
        f.replace(/\.json$/, ''),
        new Set(flatten(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Tree)),
      ]),
  );
}

/** Hard-coded user-visible strings in one .tsx file, as "file:line: text". */
function hardCodedStrings(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const leading = text.length - text.trimStart().length;
    const { line } = source.getLineAndCharacterOfPosition(
      node.getStart() + (ts.isJsxText(node) ? leading : 0),
    );
    found.push(`${relative(STUDIO_SRC, path)}:${line + 1}: ${JSON.stringify(text.trim())}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(source))) {
      const init = node.initializer;
      const literal =
        init && ts.isStringLiteral(init)
          ? init
          : init && ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
            ? init.expression
            : undefined;
      if (literal && HAS_LETTER.test(literal.text)) report(node, literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `t('key')` and `t('ns:key')` calls with a literal key, each with the namespace it resolves in. */
function usedKeys(path: string): { ns: string; key: string; where: string }[] {
  const text = readFileSync(path, 'utf8');
  const fileNs = /useTranslation\(\s*['"]([\w-]+)['"]/.exec(text)?.[1] ?? 'common';
  const used: { ns: string; key: string; where: string }[] = [];
  for (const match of text.matchAll(/\bt\(\s*(['"])([^'"$`]+)\1/g)) {
    const raw = match[2]!;
    const explicit = /^([\w-]+):(.+)$/.exec(raw);
    // i18n.t(key, { ns: 'x' }) names its namespace in the options.
    const optionNs = /^[^)]*?\{\s*ns:\s*['"]([\w-]+)['"]/.exec(
      text.slice(match.index! + match[0].length),
    )?.[1];
    const ns = explicit ? explicit[1]! : (optionNs ?? fileNs);
    const line = text.slice(0, match.index).split('\n').length;
    used.push({ ns, key: explicit ? explicit[2]! : raw, where: `${relative(STUDIO_SRC, path)}:${line}` });
  }
  return used;
}

const has = (keys: Set<string> | undefined, key: string) =>
  keys !== undefined && (keys.has(key) || keys.has(`${key}_one`) || keys.has(`${key}_other`));

describe('studio strings', () => {
  const components = filesUnder(STUDIO_SRC, /\.tsx$/);
  const sources = filesUnder(STUDIO_SRC, /\.tsx?$/);
  const locales = Object.fromEntries(LANGUAGES.map((l) => [l, namespaces(l)])) as Record<
    (typeof LANGUAGES)[number],
    Map<string, Set<string>>
  >;

  it('finds the components and the locales', () => {
    expect(components.length).toBeGreaterThan(15);
    expect([...locales.en.keys()].sort()).toEqual([
      'account',
      'auth',
      'common',
      'compose',
      'library',
      'storyboard',
      'video',
    ]);
  });

  it('has no user-visible text hard-coded in a component', () => {
    expect(components.flatMap((f) => hardCodedStrings(f))).toEqual([]);
  });

  it('catches hard-coded text (the check itself works)', () => {
    const sample = [
      'export const A = () => (',
      '  <p title="Hello" aria-label={t("ok")}>',
      '    Hi there {x} “{y}” ·',
      '    <input placeholder={"Search"} alt="" />',
      '  </p>',
      ');',
    ].join('\n');
    const found = hardCodedStrings(join(STUDIO_SRC, 'probe.tsx'), sample);
    expect(found).toEqual(['probe.tsx:2: "Hello"', 'probe.tsx:3: "Hi there"', 'probe.tsx:4: "Search"']);
  });

  it('has every key a component uses, in both languages', () => {
    const missing = sources
      .flatMap(usedKeys)
      .flatMap(({ ns, key, where }) =>
        LANGUAGES.filter((l) => !has(locales[l].get(ns), key)).map(
          (l) => `${where}: ${l}/${ns}.json lacks ${key}`,
        ),
      );
    expect(missing).toEqual([]);
  });

  it('has the same keys in English and Chinese', () => {
    for (const [ns, en] of locales.en) {
      const zh = locales.zh.get(ns) ?? new Set<string>();
      expect(
        [...en].filter((k) => !zh.has(k)),
        `zh/${ns}.json lacks`,
      ).toEqual([]);
      expect(
        [...zh].filter((k) => !en.has(k)),
        `en/${ns}.json lacks`,
      ).toEqual([]);
    }
  });
});
