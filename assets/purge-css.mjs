// Bootstrap without the rules no page of ours can use: `make install` runs this (and the
// Dockerfile), writing build/css/bootstrap.min.css and bootstrap.rtl.min.css, which
// settings.STATICFILES_DIRS serves as vendor/purged/. The full files stay in node_modules.
//
//   node assets/purge-css.mjs [PACKAGE_DIR ...]
//
// A class is kept when its name appears, as a whole word, in a template, our JavaScript or our
// Python (which renders some HTML itself), or in the HTML-rendering Python packages given as
// arguments: crispy_forms, crispy_bootstrap5 and django/forms (`make` passes their folders).
// PurgeCSS's default extractor takes every word, so a class split across template code
// (`alert-{{ tag }}`) is not seen: such classes go in SAFELIST below.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { PurgeCSS } from "purgecss";

const SOURCES = [
  "node_modules/bootstrap/dist/css/bootstrap.min.css",
  "node_modules/bootstrap/dist/css/bootstrap.rtl.min.css",
];
const OUTPUT = "build/css";
const CONTENT = [
  "templates/**/*.html",
  "*/templates/**/*.html",
  "static/js/*.js",
  "{accmr,members,network,bulletin}/**/*.py",
  ...process.argv.slice(2).map((dir) => `${dir}/**/*.html`),
];
// crispy_bootstrap5's templates for layout objects we never build (we render forms with
// `|crispy` and `{% crispy_field %}`, no FormHelper layouts): their accordion, modal and tab
// rules would be half of what is kept. A form that starts using one of these objects takes
// its template off this list.
const UNUSED_LAYOUT_TEMPLATES = [
  "accordion.html",
  "accordion-group.html",
  "layout/alert.html",
  "layout/floating_field.html",
  "layout/modal.html",
  "layout/switch.html",
  "layout/tab.html",
  "layout/tab-link.html",
].map((name) => `**/crispy_bootstrap5/templates/bootstrap5/${name}`);
const SAFELIST = {
  standard: [
    // includes/messages.html: alert-{{ message.tags }} (Django's message levels).
    "alert-success",
    "alert-info",
    "alert-warning",
    "alert-danger",
    // States that forms and scripts may set.
    "is-invalid",
    "is-valid",
    "show",
    "collapse",
    "collapsing",
    "active",
    "disabled",
    "visually-hidden-focusable",
    // Attribute names whose value the HTML gets from Python: Django's widgets write
    // type="{{ widget.type }}" (radio, checkbox, date...); base.html writes dir="rtl" only on
    // right-to-left pages. The rest of such a selector (.form-check-input) must still be used.
    "type",
    "dir",
  ],
};

const results = await new PurgeCSS().purge({
  content: CONTENT,
  css: SOURCES,
  safelist: SAFELIST,
  // Drop the animations no kept rule names.
  keyframes: true,
  skippedContentGlobs: ["**/migrations/**", ...UNUSED_LAYOUT_TEMPLATES],
});
await mkdir(OUTPUT, { recursive: true });
for (const { file, css } of results) {
  const before = (await readFile(file)).length;
  // The source map describes the full file; drop the pointer to it (collectstatic's manifest
  // storage would also look for the map beside the purged copy).
  const purged = css.replace(/\/\*# sourceMappingURL=.*?\*\/\s*$/, "");
  await writeFile(`${OUTPUT}/${basename(file)}`, purged);
  console.log(`${OUTPUT}/${basename(file)}: ${before} -> ${Buffer.byteLength(purged)} bytes`);
}
