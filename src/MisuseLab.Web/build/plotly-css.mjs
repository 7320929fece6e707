// Writes plotly.js's own stylesheet to a file. plotly.js normally injects these rules at run time with a <style>
// element, which our Content-Security-Policy (style-src 'self') blocks; served as a file they apply as intended.
// The rules live in the bundle as one object literal ({"X,X div": "...", ...}, X = ".js-plotly-plot .plotly",
// Y = ".plotly-notifier", as in plotly.js src/build/plotcss.js). Usage: node plotly-css.mjs <plotly.min.js> <out.css>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import vm from 'node:vm';

const [source, target] = process.argv.slice(2);
const bundle = readFileSync(source, 'utf8');
const start = bundle.indexOf('{"X,X div"');
if (start < 0) {
    console.error(`plotly-css: no stylesheet object ({"X,X div": ...}) in ${source}; the plotly.js version changed how it ships its CSS.`);
    process.exit(1);
}
let depth = 0, quote = null, i = start;
for (; i < bundle.length; i++) {
    const c = bundle[i];
    if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) break;
}
const rules = vm.runInNewContext('(' + bundle.slice(start, i + 1) + ')');
const css = Object.entries(rules).map(([selector, body]) =>
    selector.replace(/^,/, ' ,').replace(/X/g, '.js-plotly-plot .plotly').replace(/Y/g, '.plotly-notifier') + ' {' + body + '}');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `/* plotly.js stylesheet, extracted from ${source.split('/').slice(-2).join('/')} by build/plotly-css.mjs */\n` + css.join('\n') + '\n');
console.log(`plotly-css: ${css.length} rules -> ${target}`);
