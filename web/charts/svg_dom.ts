/**
 * Just enough of a DOM for Observable Plot to draw a chart on the server, and its markup: elements, text,
 * attributes, the tree operations d3-selection makes, and `outerHTML`. It replaced linkedom (a whole HTML DOM,
 * parser and CSS selector engine) for charts: ~11 MB less in a server once the charts are loaded, lighter
 * nodes for every chart drawn, and the same markup byte for byte (attributes newest first, empty SVG elements
 * closed with ` />`, the same escaping), which the comparison in svg_dom_test.ts holds it to.
 *
 * Styles are not kept: `style` properties and attributes go nowhere and `<style>` elements are left out of the
 * markup, because the Content-Security-Policy (no inline styles) would block them; web/static/style.css styles
 * the charts. Events are never fired (nothing is interactive on the server), and the nodes are never in a live
 * document (`isConnected` is false, so Plot's tips never measure text). Anything else Plot might reach for
 * throws, so a Plot upgrade that needs more fails a test instead of drawing something wrong.
 */

const XHTML = "http://www.w3.org/1999/xhtml";
const SVG = "http://www.w3.org/2000/svg";

/** HTML elements written without an end tag. */
const VOID = /^(?:area|base|br|col|embed|hr|img|input|keygen|link|menuitem|meta|param|source|track|wbr)$/;

/** Attributes that, left empty, are written as their bare name (id, class and style not at all). */
const BARE_WHEN_EMPTY = new Set([
  "allowfullscreen",
  "async",
  "autofocus",
  "autoplay",
  "checked",
  "contenteditable",
  "controls",
  "default",
  "defer",
  "disabled",
  "draggable",
  "hidden",
  "loop",
  "multiple",
  "muted",
  "open",
  "readonly",
  "required",
  "reversed",
  "selected",
]);

abstract class ChartNode {
  parentNode: ChartElement | null = null;
  constructor(readonly ownerDocument: ChartDocument) {}

  abstract readonly nodeType: number;
  abstract get textContent(): string;
  abstract cloneNode(deep?: boolean): ChartNode;
  /** This node's markup. */
  abstract toString(): string;

  get isConnected(): boolean {
    return false;
  }

  get nextSibling(): ChartNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings ? siblings[siblings.indexOf(this) + 1] ?? null : null;
  }

  get previousSibling(): ChartNode | null {
    const siblings = this.parentNode?.childNodes;
    return siblings ? siblings[siblings.indexOf(this) - 1] ?? null : null;
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }

  replaceWith(...nodes: (ChartNode | string)[]): void {
    const parent = this.parentNode;
    if (!parent) return;
    for (const node of nodes) parent.insertBefore(this.ownerDocument.toNode(node), this);
    parent.removeChild(this);
  }

  /** d3's selection.order() asks whether a node follows another (4: DOCUMENT_POSITION_FOLLOWING). */
  compareDocumentPosition(other: ChartNode): number {
    const parent = this.parentNode;
    if (!parent || other.parentNode !== parent) {
      throw new Error("svg_dom: compareDocumentPosition across parents");
    }
    return parent.childNodes.indexOf(other) > parent.childNodes.indexOf(this) ? 4 : 2;
  }

  addEventListener(): void {}
  removeEventListener(): void {}
  dispatchEvent(): boolean {
    return true;
  }
}

class ChartText extends ChartNode {
  readonly nodeType = 3;
  readonly nodeName = "#text";
  constructor(ownerDocument: ChartDocument, public data: string) {
    super(ownerDocument);
  }

  get textContent(): string {
    return this.data;
  }

  set textContent(value: string) {
    this.data = String(value);
  }

  cloneNode(): ChartText {
    return new ChartText(this.ownerDocument, this.data);
  }

  override toString(): string {
    return escapeText(this.data);
  }
}

/**
 * Every element's `style`: whatever Plot sets is dropped (see the top of this file). It holds nothing, so one
 * serves all elements.
 */
const DROPPED_STYLE: Record<string, unknown> = new Proxy({}, {
  get: (_target, name) =>
    name === "setProperty" || name === "removeProperty"
      ? () => {}
      : name === "getPropertyValue"
      ? () => ""
      : "",
  set: () => true,
});

class ChartElement extends ChartNode {
  readonly nodeType = 1;
  readonly childNodes: ChartNode[] = [];
  readonly style = DROPPED_STYLE;
  /** Attributes in the order they were first set; the markup writes them newest first, as linkedom did. */
  readonly #attributes = new Map<string, string>();

  constructor(ownerDocument: ChartDocument, readonly namespaceURI: string, readonly localName: string) {
    super(ownerDocument);
  }

  get tagName(): string {
    return this.namespaceURI === XHTML ? this.localName.toUpperCase() : this.localName;
  }

  get nodeName(): string {
    return this.tagName;
  }

  get children(): ChartElement[] {
    return this.childNodes.filter((node): node is ChartElement => node instanceof ChartElement);
  }

  get firstChild(): ChartNode | null {
    return this.childNodes[0] ?? null;
  }

  get lastChild(): ChartNode | null {
    return this.childNodes.at(-1) ?? null;
  }

  get className(): string {
    return this.getAttribute("class") ?? "";
  }

  set className(value: string) {
    this.setAttribute("class", value);
  }

  get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join("");
  }

  set textContent(value: string | null) {
    for (const node of this.childNodes) node.parentNode = null;
    this.childNodes.length = 0;
    if (value != null && value !== "") this.appendChild(new ChartText(this.ownerDocument, String(value)));
  }

  get outerHTML(): string {
    return this.toString();
  }

  getAttribute(name: string): string | null {
    return this.#attributes.get(name) ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.#attributes.has(name);
  }

  setAttribute(name: string, value: unknown): void {
    if (name === "style") return;
    this.#attributes.set(name, String(value));
  }

  removeAttribute(name: string): void {
    this.#attributes.delete(name);
  }

  /** As linkedom: the namespace is not kept (`xlink:href` set with its namespace is written `href`). */
  setAttributeNS(_namespace: string | null, name: string, value: unknown): void {
    this.setAttribute(name, value);
  }

  removeAttributeNS(_namespace: string | null, name: string): void {
    this.removeAttribute(name);
  }

  appendChild<T extends ChartNode>(node: T): T {
    node.parentNode?.removeChild(node);
    this.childNodes.push(node);
    node.parentNode = this;
    return node;
  }

  insertBefore<T extends ChartNode>(node: T, before: ChartNode | null): T {
    if (before === null) return this.appendChild(node);
    node.parentNode?.removeChild(node);
    const at = this.childNodes.indexOf(before);
    if (at < 0) throw new Error("svg_dom: insertBefore a node that is not a child");
    this.childNodes.splice(at, 0, node);
    node.parentNode = this;
    return node;
  }

  removeChild<T extends ChartNode>(node: T): T {
    const at = this.childNodes.indexOf(node);
    if (at < 0) throw new Error("svg_dom: removeChild of a node that is not a child");
    this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }

  append(...nodes: (ChartNode | string)[]): void {
    for (const node of nodes) this.appendChild(this.ownerDocument.toNode(node));
  }

  cloneNode(deep = false): ChartElement {
    const clone = new ChartElement(this.ownerDocument, this.namespaceURI, this.localName);
    for (const [name, value] of this.#attributes) clone.setAttribute(name, value);
    if (deep) { for (const node of this.childNodes) clone.appendChild(node.cloneNode(true)); }
    return clone;
  }

  /**
   * The selectors Plot and d3-axis use: compounds of a tag name (or `*`) and a class (`.tick`, `g.tick`), and
   * descendants of them (`.tick line`).
   */
  querySelectorAll(selector: string): ChartElement[] {
    const compounds = selector.trim().split(/\s+/).map((compound) => {
      const parts = /^(\*|[a-zA-Z][\w-]*)?(?:\.([\w-]+))?$/.exec(compound);
      if (!parts || compound === "") throw new Error(`svg_dom: no selector "${selector}"`);
      const [, tag, className] = parts;
      return (element: ChartElement) =>
        (tag === undefined || tag === "*" || element.localName === tag) &&
        (className === undefined || element.className.split(/\s+/).includes(className));
    });
    const last = compounds.pop()!;
    // Each compound before the last must match an ancestor, right to left (greedy is exact for descendants).
    const matches = (element: ChartElement) => {
      if (!last(element)) return false;
      let at = compounds.length - 1;
      for (let ancestor = element.parentNode; ancestor && at >= 0; ancestor = ancestor.parentNode) {
        if (compounds[at](ancestor)) at--;
      }
      return at < 0;
    };
    const found: ChartElement[] = [];
    const visit = (element: ChartElement) => {
      for (const child of element.children) {
        if (matches(child)) found.push(child);
        visit(child);
      }
    };
    visit(this);
    return found;
  }

  querySelector(selector: string): ChartElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  override toString(): string {
    if (this.localName === "style") return "";
    let markup = `<${this.localName}`;
    for (const [name, value] of [...this.#attributes].reverse()) {
      if (value === "" && (name === "class" || name === "id")) continue;
      markup += value === "" && BARE_WHEN_EMPTY.has(name)
        ? ` ${name}`
        : ` ${name}="${escapeAttribute(value)}"`;
    }
    if (this.childNodes.length > 0) return `${markup}>${this.childNodes.join("")}</${this.localName}>`;
    if (this.namespaceURI === SVG) return `${markup} />`;
    return VOID.test(this.localName) ? `${markup}>` : `${markup}></${this.localName}>`;
  }
}

/** A document of its own for each chart: its `documentElement` is an HTML element, as d3's creator expects. */
export class ChartDocument {
  readonly documentElement: ChartElement = new ChartElement(this, XHTML, "html");
  readonly defaultView = {};

  createElement(name: string): ChartElement {
    return new ChartElement(this, XHTML, name.toLowerCase());
  }

  createElementNS(namespace: string, name: string): ChartElement {
    return new ChartElement(this, namespace, name);
  }

  createTextNode(data: unknown): ChartText {
    return new ChartText(this, String(data));
  }

  /** A node as append() takes it: a string is a text node. */
  toNode(node: ChartNode | string): ChartNode {
    return typeof node === "string" ? this.createTextNode(node) : node;
  }
}

export type { ChartElement };

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\xA0": "&#160;" };

function escapeText(text: string): string {
  return text.replace(/[&<>\xA0]/g, (char) => TEXT_ESCAPES[char]);
}

function escapeAttribute(value: string): string {
  return escapeText(value).replaceAll('"', "&quot;");
}
