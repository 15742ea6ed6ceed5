import { createToken } from "../../http-guard/index.js";

/** A fresh random token for a dashboard's URL: 32 bytes, URL-safe. The same tokens guard `weft mcp serve --http`. */
export const createDashboardToken: () => string = createToken;
