export { ConfigError } from "./config-error.js";
export { configFileNames, loadConfig } from "./load-config.js";
export { parseConfig, type WeftConfig } from "./parse-config.js";
