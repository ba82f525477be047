import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withConstantParameters } from '../../nodes/Instamojo/actions/common/constantParameters';

/**
 * A context whose stored parameters are given, and whose getNodeParameter resolves `=item` to the item
 * index (a stand-in for an expression), counting how often it is asked.
 */
function context(parameters: IDataObject) {
	const reads: string[] = [];
	const fns = {
		getNode: () => ({ parameters }),
		continueOnFail: () => true,
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			reads.push(name);
			let value: unknown = parameters;
			for (const key of name.split('.')) value = (value as IDataObject | undefined)?.[key];
			if (value === undefined) return fallback;
			return JSON.parse(JSON.stringify(value).replace(/"=item"/g, String(itemIndex)));
		},
	};
	return { fns: fns as unknown as IExecuteFunctions, reads };
}

const stored = {
	resource: 'paymentLink',
	amount: '=item',
	additionalFields: { email: 'buyer@example.com', sendEmail: true },
	nested: { list: ['a', '=item'] },
};

describe('withConstantParameters', () => {
	it('asks n8n once per execution for a parameter without an expression', () => {
		const { fns, reads } = context(stored);
		const wrapped = withConstantParameters.call(fns);

		const values = [0, 1, 2].map((i) => wrapped.getNodeParameter('resource', i));

		expect(values).toEqual(['paymentLink', 'paymentLink', 'paymentLink']);
		expect(reads).toEqual(['resource']);
	});

	it('asks n8n for every item when the value holds an expression anywhere', () => {
		const { fns, reads } = context(stored);
		const wrapped = withConstantParameters.call(fns);

		expect([0, 1, 2].map((i) => wrapped.getNodeParameter('amount', i))).toEqual([0, 1, 2]);
		expect([0, 1].map((i) => wrapped.getNodeParameter('nested', i))).toEqual([{ list: ['a', 0] }, { list: ['a', 1] }]);
		expect(reads).toEqual(['amount', 'amount', 'amount', 'nested', 'nested']);
	});

	it('hands out a fresh copy of a cached object, so a caller changing it changes nothing for the next item', () => {
		const { fns } = context(stored);
		const wrapped = withConstantParameters.call(fns);

		const first = wrapped.getNodeParameter('additionalFields', 0) as IDataObject;
		first.email = 'changed';
		const second = wrapped.getNodeParameter('additionalFields', 1) as IDataObject;

		expect(second).toEqual({ email: 'buyer@example.com', sendEmail: true });
	});

	it('leaves parameters n8n did not store, and reads with options, to n8n every time', () => {
		const { fns, reads } = context(stored);
		const wrapped = withConstantParameters.call(fns);

		expect(wrapped.getNodeParameter('options', 0, { concurrency: 1 })).toEqual({ concurrency: 1 });
		expect(wrapped.getNodeParameter('options', 1, { concurrency: 2 })).toEqual({ concurrency: 2 });
		wrapped.getNodeParameter('resource', 0, undefined, { extractValue: true });
		wrapped.getNodeParameter('resource', 1, undefined, { extractValue: true });

		expect(reads).toEqual(['options', 'options', 'resource', 'resource']);
	});

	it('keeps every other method of the context', () => {
		const { fns } = context(stored);

		expect(withConstantParameters.call(fns).continueOnFail()).toBe(true);
	});
});
