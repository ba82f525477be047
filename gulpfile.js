const { src, dest, parallel } = require('gulp');

// gulp 5 reads files as UTF-8 unless told otherwise, which corrupts PNGs: copy bytes as they are.
const copy = (glob, to) => () => src(glob, { encoding: false }).pipe(dest(to));

exports['build:icons'] = parallel(
	copy('nodes/**/*.{png,svg}', 'dist/nodes'),
	copy('credentials/**/*.{png,svg}', 'dist/credentials'),
	// Codex files (search aliases, docs links): n8n reads `<node>.node.json` beside `<node>.node.js`.
	copy('nodes/**/*.node.json', 'dist/nodes'),
);
