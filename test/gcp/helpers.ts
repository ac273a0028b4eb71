/** Test helpers for the GCP constructs: a stack with a provider, synthesized with validations, parsed. */
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { GkeNetwork, GkeNetworkProps } from '../../lib/gcp/network';

/** A stack with a Google provider, so that `Testing.synth(stack, true)` passes cdktf's own validations. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new GoogleProvider(stack, 'google', { project: 'my-project-id', region: 'europe-west2' });
  return stack;
}

/** Synthesizes with validations (`node.addValidation`) run, as `cdktf synth` does. */
export function synth(stack: TerraformStack): string {
  return Testing.synth(stack, true);
}

/** The synthesized blocks of one resource type, in order. */
export function resourcesOf(synthesized: string, type: string): any[] {
  return Object.values(JSON.parse(synthesized).resource?.[type] ?? {});
}

/** The only synthesized block of a resource type; fails when there is not exactly one. */
export function onlyResource(synthesized: string, type: string): any {
  const found = resourcesOf(synthesized, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** A network in europe-west2 with default ranges. */
export function testNetwork(stack: TerraformStack, props: Partial<GkeNetworkProps> = {}): GkeNetwork {
  return new GkeNetwork(stack, 'network', { projectId: 'my-project-id', region: 'europe-west2', ...props });
}

/** Operators' range used across the tests (a documentation range). */
export const OPERATORS = [{ cidrBlock: '203.0.113.0/24', displayName: 'operators' }];
