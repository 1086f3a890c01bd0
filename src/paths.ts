/** Where blahg's own files are, wherever it is installed (this file is dist/src/paths.js when built). */

import { fileURLToPath } from "node:url";

export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The bundled theme: html/, atom/, rss2/ templates and web/ assets. */
export const defaultThemeDir = fileURLToPath(new URL("../../themes/default/", import.meta.url));

/** The bundled example blog (a blahgd data directory with its config.lisp). */
export const exampleDir = fileURLToPath(new URL("../../example/", import.meta.url));
