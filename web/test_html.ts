/**
 * Reading rendered pages in tests: the text of a table's body cells, or of a facts list, in the section after a
 * heading. Tags inside cells are dropped and white space collapsed, so links and spans read as their text.
 */

/** The section of `html` after the element with id `headingId` (the whole page when no id is given). */
function after(html: string, headingId?: string): string {
  return headingId === undefined ? html : html.split(`id="${headingId}"`)[1] ?? "";
}

function text(fragment: string): string {
  return fragment.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
}

/** Every body row of the first table after the heading, as the text of its th and td cells. */
export function tableCells(html: string, headingId?: string): string[][] {
  const table = after(html, headingId).split("</table>")[0];
  return (table.split("<tbody>")[1] ?? "").split("</tr>").filter((row) => row.includes("<td")).map((row) =>
    [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => text(cell[1]))
  );
}

/** The [term, description] pairs of the first facts list after the heading. */
export function factPairs(html: string, headingId?: string): [string, string][] {
  const list = after(html, headingId).split('<dl class="facts">')[1]?.split("</dl>")[0] ?? "";
  return [...list.matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/gs)].map((m) => [text(m[1]), text(m[2])]);
}
