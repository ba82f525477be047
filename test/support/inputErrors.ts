import { InputError } from '../../nodes/Instamojo/helpers/validation';

/** The InputError `run` throws (the check a pure validator makes before any request); fails the test otherwise. */
export function inputErrorOf(run: () => unknown): InputError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(InputError);
		return error as InputError;
	}
	throw new Error('expected an InputError');
}
