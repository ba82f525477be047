// Our `.cts` modules import each other with `.cjs` specifiers (what tsc emits). Jest sees the
// sources, so resolve such a specifier to its `.cts` file when no `.cjs` file exists; packages in
// node_modules keep their real `.cjs` files.
module.exports = (request, options) => {
	try {
		return options.defaultResolver(request, options);
	} catch (error) {
		if (!request.endsWith('.cjs')) throw error;
		return options.defaultResolver(request.replace(/\.cjs$/, '.cts'), options);
	}
};
