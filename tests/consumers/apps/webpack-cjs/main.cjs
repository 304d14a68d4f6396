const pk = require('personkit');
const { check } = require('./check.cjs');

const q = new URLSearchParams(location.search);
check(pk, q.get('mock'), q.get('refused')).then((r) => { window.__result = r; });
