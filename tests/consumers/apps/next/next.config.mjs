// Nothing personkit-specific here.
export default {};
