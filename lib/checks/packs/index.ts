import { Pack } from '../model';
import { GKE_HARDENING } from './gke-hardening';
import { POD_SECURITY_RESTRICTED } from './pod-security';
import { PRODUCTION_READINESS } from './production-readiness';
import { SEED_PITFALLS } from './seed-pitfalls';

export { POD_SECURITY_RESTRICTED } from './pod-security';
export { SEED_PITFALLS } from './seed-pitfalls';
export { PRODUCTION_READINESS } from './production-readiness';
export { GKE_HARDENING } from './gke-hardening';

/** Every pack, in report order. */
export const ALL_PACKS: readonly Pack[] = [SEED_PITFALLS, POD_SECURITY_RESTRICTED, PRODUCTION_READINESS, GKE_HARDENING];
