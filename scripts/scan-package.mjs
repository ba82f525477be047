// The offline legs of n8n's verification scanner (`@n8n/scan-community-package`), run exactly as the
// published CLI runs them after its provenance and download steps, which need the network:
//   1. the source checkout: package.json + nodes/ and credentials/ sources, full rule set;
//   2. the tarball `npm pack` produces: its compiled `.js` files and package.json.
// Exits non-zero on any error-level finding.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'instamojo-scan-'));
try {
	const packed = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	);
	const tarball = join(work, packed[0].filename);
	const unpacked = join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);

	const legs = [
		['source checkout', await analyzePackage(root, SOURCE_FILE_PATTERNS)],
		[`tarball ${packed[0].filename} (${packed[0].entryCount} files)`, await analyzePackage(unpacked, ['**/*.js', 'package.json'])],
	];
	let failed = false;
	for (const [name, result] of legs) {
		console.log(`scanner, ${name}: ${result.passed ? 'PASS' : `FAIL ${result.message}`}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
