/** Doctor: does the Docker engine answer, and which one is it. */
import { connectEngine, type Engine } from '../backend/docker/connect.js';
import { EnvironmentError } from '../errors.js';
import { fail, ok, type Check } from './check.js';

export async function checkDocker(env: NodeJS.ProcessEnv = process.env): Promise<{ check: Check; engine?: Engine }> {
  try {
    const engine = await connectEngine(env);
    return { check: ok('docker', `Docker ${engine.version} (API ${engine.apiVersion}) at ${engine.address.description}`), engine };
  } catch (error) {
    if (error instanceof EnvironmentError) return { check: fail('docker', error.message, error.hint) };
    throw error;
  }
}
