/** How the web app pages its lists; the web benchmark reads the same numbers. */

/** Enough to fill a desktop screen; a small first page is what lets the grid draw early. */
export const FIRST_PAGE = 40;
export const LATER_PAGE = 100;

/** The query of a paged list: a small first page, full pages after it. */
export const pageQuery = (cursor: string | undefined) => (cursor ? { limit: LATER_PAGE, cursor } : { limit: FIRST_PAGE });
