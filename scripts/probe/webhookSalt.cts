/** Whose salt signs a seller's webhook: a local receiver gets a delivery and checks its MAC. */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import { pause } from './client.cjs';
import { finding, type Question, skip } from './findings.cjs';

/** A local receiver of webhook form posts. */
async function listenForWebhooks(
	port: number,
): Promise<{ server: Server; bodies: string[]; port: number }> {
	const bodies: string[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			bodies.push(Buffer.concat(chunks).toString('utf8'));
			response.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { server, bodies, port: (server.address() as { port: number }).port };
}

/** docs/instamojo-api.md §9: HMAC-SHA1 over the values ordered by key, case-insensitively, joined with `|`. */
function macMatches(rawBody: string, salt: string): boolean {
	const fields = new URLSearchParams(rawBody);
	const mac = fields.get('mac');
	fields.delete('mac');
	const message = [...fields.keys()]
		.sort((a, b) =>
			a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
		)
		.map((key) => fields.get(key))
		.join('|');
	return createHmac('sha1', salt).update(message).digest('hex') === mac;
}

export const webhookSalt: Question = async (probe) => {
	const q = "Whose salt signs a seller's webhook?";
	const { salt, webhook } = probe.config;
	if (!salt)
		return skip(
			'webhookSalt',
			q,
			'webhookSalt',
			"needs the marketplace's Private Salt (INSTAMOJO_SALT)",
		);
	if (!probe.sandboxProfile && !webhook)
		return skip(
			'webhookSalt',
			q,
			'webhookSalt',
			'needs a public URL forwarding to this machine (INSTAMOJO_PROBE_PUBLIC_URL, INSTAMOJO_PROBE_LISTEN_PORT) and a person paying the link',
		);
	const receiver = await listenForWebhooks(webhook?.listenPort ?? 0);
	try {
		const url = webhook?.publicUrl ?? `http://127.0.0.1:${receiver.port}/webhook`;
		if (probe.sandboxProfile) await probe.paidPayment('Probe: webhook salt', url);
		else {
			const link = await probe.createLink(probe.seller.token, 'Probe: webhook salt', {
				webhook: url,
			});
			console.log(
				`Pay this test link with Instamojo's test card within ${webhook?.waitSeconds ?? 0} s: ${String(link.body.longurl)}`,
			);
			for (
				let waited = 0;
				receiver.bodies.length === 0 && waited < (webhook?.waitSeconds ?? 0);
				waited++
			)
				await pause(1000);
		}
		const body = receiver.bodies[0];
		if (!body) return skip('webhookSalt', q, 'webhookSalt', 'no delivery arrived');
		const partner = macMatches(body, salt);
		return finding('webhookSalt', q, 'webhookSalt', partner ? 'partner' : 'seller', [
			partner
				? "the MAC matches the marketplace's salt"
				: "the MAC does not match the marketplace's salt (probably the seller's, which the API never shows)",
		]);
	} finally {
		await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
	}
};
