// Filled in by the http module; see DESIGN.md.
export {};
