/** Services by name: `lin-kv`, `seq-kv`, `lww-kv` (services/kv.ts) and `grove` (services/grove.ts). */
import type { GroveVariant } from '../../model/grove/variant.ts';
import { groveService } from './grove.ts';
import { kvService } from './kv.ts';
import type { Service } from './service.ts';

/** The service names a node may send to. */
export const SERVICE_NAMES = ['lin-kv', 'seq-kv', 'lww-kv', 'grove'] as const;

/** A factory of fresh services, the grove remote judged by `variant`. */
export function serviceFactory(variant: GroveVariant): (name: string) => Service | undefined {
  return (name) => {
    if (name === 'grove') return groveService(variant);
    if ((SERVICE_NAMES as readonly string[]).includes(name)) return kvService(name);
    return undefined;
  };
}
