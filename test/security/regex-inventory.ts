import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One regular expression written in the source: a literal, or `new RegExp(...)` / `RegExp(...)`. */
export interface RegexSite {
  /** Repository-relative file and 1-based line, e.g. `app/chat/lead-extractor.ts:32`. */
  where: string;
  /** The pattern, or null when it is built from values only known at run time. */
  source: string | null;
  flags: string;
  /** The constructor's argument as written (for sites whose source is not static). */
  written: string;
}

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/**
 * Every regular expression in `dirs` (relative to `root`). A `new RegExp` source is resolved when it
 * is a string, a template or String.raw`…` whose substitutions are `const`s of the same file that
 * resolve the same way; anything else (built from data) has source null.
 */
export function regexSites(root: string, dirs: string[]): RegexSite[] {
  const sites: RegexSite[] = [];
  for (const file of dirs.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const text = readFileSync(file, "utf8");
    const kind = file.endsWith("x") ? ts.ScriptKind.TSX : file.endsWith(".mjs") || file.endsWith(".js") ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const constants = new Map<string, ts.Expression>();
    const collectConstants = (node: ts.Node) => {
      if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.Const) {
        for (const declaration of node.declarations) if (ts.isIdentifier(declaration.name) && declaration.initializer) constants.set(declaration.name.text, declaration.initializer);
      }
      ts.forEachChild(node, collectConstants);
    };
    collectConstants(sourceFile);
    const where = (node: ts.Node) => `${path.relative(root, file)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText();
        const end = literal.lastIndexOf("/");
        sites.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1), written: literal });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp") {
        const [pattern, flags] = node.arguments ?? [];
        if (pattern) {
          sites.push({
            where: where(node),
            source: staticText(pattern, constants, false),
            flags: (flags && staticText(flags, constants, false)) ?? "",
            written: pattern.getText(),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return sites;
}

/** The string value of an expression made of literals and same-file constants, or null. */
function staticText(node: ts.Expression, constants: Map<string, ts.Expression>, raw: boolean, seen = new Set<string>()): string | null {
  if (ts.isParenthesizedExpression(node)) return staticText(node.expression, constants, raw, seen);
  if (ts.isStringLiteral(node)) return node.text;
  if (ts.isNoSubstitutionTemplateLiteral(node)) return raw ? (node.rawText ?? null) : node.text;
  if (ts.isTaggedTemplateExpression(node)) {
    if (node.tag.getText() !== "String.raw") return null;
    return staticText(node.template, constants, true, seen);
  }
  if (ts.isTemplateExpression(node)) {
    let out = raw ? (node.head.rawText ?? "") : node.head.text;
    for (const span of node.templateSpans) {
      const value = staticText(span.expression, constants, false, seen);
      if (value === null) return null;
      out += value + (raw ? (span.literal.rawText ?? "") : span.literal.text);
    }
    return out;
  }
  if (ts.isIdentifier(node)) {
    const initializer = constants.get(node.text);
    if (!initializer || seen.has(node.text)) return null;
    return staticText(initializer, constants, false, new Set([...seen, node.text]));
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticText(node.left, constants, raw, seen);
    const right = staticText(node.right, constants, raw, seen);
    return left === null || right === null ? null : left + right;
  }
  return null;
}
