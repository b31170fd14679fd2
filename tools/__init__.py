"""Developer tools of the Rantai project (the solc-js wrapper lives in `tools/solc/`)."""
