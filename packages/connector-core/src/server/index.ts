// Filled in by the server module; see DESIGN.md.
export {};
