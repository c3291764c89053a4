// Filled in by the pagination module; see DESIGN.md.
export {};
