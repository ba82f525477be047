const { src, dest, parallel } = require('gulp');

// gulp 5 reads files as UTF-8 unless told otherwise, which corrupts PNGs: copy bytes as they are.
const copy = (glob, to) => () => src(glob, { encoding: false }).pipe(dest(to));

exports['build:assets'] = parallel(
	// One icon set for the credential and the nodes, at the same place relative to their files as in the source.
	copy('icons/*.{png,svg}', 'dist/icons'),
	// Codex files (search aliases, docs links): n8n reads `<node>.node.json` beside `<node>.node.js`.
	copy('nodes/**/*.node.json', 'dist/nodes'),
);
