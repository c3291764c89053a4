// Filled in by the cli module; see DESIGN.md.
export {};
