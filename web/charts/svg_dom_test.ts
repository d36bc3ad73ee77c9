/** The chart DOM (svg_dom.ts): the markup linkedom wrote, the tree operations d3 makes, the styles left out. */
import assert from "node:assert/strict";
import { loadCharts, Plot, renderPlot } from "./render.ts";
import { ChartDocument } from "./svg_dom.ts";

const SVG = "http://www.w3.org/2000/svg";

Deno.test("a small chart (axes, grid, a quantized legend, titles) is the markup linkedom drew for it, attributes escaped", async () => {
  // testdata/small_chart.txt is linkedom 0.18's markup of this chart with one change: `&`, `<` and `>` in
  // attribute values are escaped (linkedom left them raw: `aria-label="Tiny & <small>"`).
  await loadCharts();
  const markup = renderPlot({
    width: 200,
    height: 100,
    marginLeft: 30,
    ariaLabel: "Tiny & <small>",
    x: { domain: ["a", "b"], label: null },
    y: { label: "Plays", grid: true },
    color: { type: "quantize", n: 3, scheme: "greens", label: "Minutes", legend: true },
    marks: [
      Plot.barY([{ k: "a", v: 2 }, { k: "b", v: 4 }], {
        x: "k",
        y: "v",
        fill: "v",
        title: (d: { k: string }) => `${d.k} & "q" <1>\u00a0x`,
      }),
      Plot.ruleY([0]),
    ],
  });
  const expected = await Deno.readTextFile(new URL("./testdata/small_chart.txt", import.meta.url));
  assert.equal(markup, expected);
  assert.ok(markup.includes('aria-label="Tiny &amp; &lt;small&gt;"'));
  assert.ok(markup.includes('<title>a &amp; "q" &lt;1&gt;&#160;x</title>'));
});

Deno.test("attributes: newest first, a value set again keeps its place, empty ones as linkedom wrote them", () => {
  const document = new ChartDocument();
  const rect = document.createElementNS(SVG, "rect");
  rect.setAttribute("x", 1);
  rect.setAttribute("y", 2);
  rect.setAttribute("x", 3);
  rect.setAttribute("title", 'say "hi"');
  assert.equal(rect.outerHTML, '<rect title="say &quot;hi&quot;" y="2" x="3" />');
  rect.removeAttribute("y");
  rect.setAttribute("class", "");
  rect.setAttribute("hidden", "");
  assert.equal(rect.outerHTML, '<rect hidden title="say &quot;hi&quot;" x="3" />');
  assert.equal(rect.getAttribute("x"), "3");
  assert.equal(rect.getAttribute("y"), null);
  assert.equal(rect.hasAttribute("title"), true);
  const div = document.createElement("DIV");
  div.className = "chart-swatches";
  assert.equal(div.tagName, "DIV");
  assert.equal(div.outerHTML, '<div class="chart-swatches"></div>');
  assert.equal(document.createElement("br").outerHTML, "<br>");
});

Deno.test("styles go nowhere: style properties, style attributes and <style> elements", () => {
  const document = new ChartDocument();
  const svg = document.createElementNS(SVG, "svg");
  svg.style.maxWidth = "100%";
  (svg.style.setProperty as (name: string, value: string) => void)("color", "red");
  svg.setAttribute("style", "color: red");
  const style = svg.appendChild(document.createElementNS(SVG, "style"));
  style.textContent = ":where(.chart) { color: red }";
  svg.appendChild(document.createElementNS(SVG, "g")).setAttribute("fill", "none");
  assert.equal(svg.outerHTML, '<svg><g fill="none" /></svg>');
});

Deno.test("the tree: append, insertBefore, replaceWith, remove, textContent, cloneNode, siblings", () => {
  const document = new ChartDocument();
  const g = document.createElementNS(SVG, "g");
  const a = g.appendChild(document.createElementNS(SVG, "a"));
  const c = g.appendChild(document.createElementNS(SVG, "c"));
  const b = g.insertBefore(document.createElementNS(SVG, "b"), c);
  g.append("text & more");
  assert.equal(g.outerHTML, "<g><a /><b /><c />text &amp; more</g>");
  assert.equal(a.nextSibling, b);
  assert.equal(c.previousSibling, b);
  assert.equal(g.lastChild?.textContent, "text & more");
  assert.equal(a.compareDocumentPosition(c), 4);
  assert.equal(c.compareDocumentPosition(a), 2);
  g.appendChild(a); // moves it to the end
  b.replaceWith(document.createElementNS(SVG, "d"), "x");
  c.remove();
  assert.equal(g.outerHTML, "<g><d />xtext &amp; more<a /></g>");
  const clone = g.cloneNode(true);
  g.textContent = "";
  assert.equal(g.outerHTML, "<g />");
  assert.equal(clone.outerHTML, "<g><d />xtext &amp; more<a /></g>");
  assert.equal(a.parentNode, null);
});

Deno.test("selectors: tags, classes, tag.class and descendants; anything else is refused", () => {
  const document = new ChartDocument();
  const svg = document.createElementNS(SVG, "svg");
  const tick = svg.appendChild(document.createElementNS(SVG, "g"));
  tick.setAttribute("class", "tick major");
  const line = tick.appendChild(document.createElementNS(SVG, "line"));
  const other = svg.appendChild(document.createElementNS(SVG, "line"));
  assert.deepEqual(svg.querySelectorAll("line"), [line, other]);
  assert.deepEqual(svg.querySelectorAll(".tick line"), [line]);
  assert.deepEqual(svg.querySelectorAll("g.major"), [tick]);
  assert.deepEqual(svg.querySelectorAll(".domain"), []);
  assert.equal(svg.querySelector("*"), tick);
  assert.throws(() => svg.querySelectorAll("[style]"), /svg_dom: no selector "\[style\]"/);
  assert.throws(() => svg.querySelectorAll("g > line"), /no selector/);
});
