/** Services by name: `lin-kv`, `seq-kv`, `lww-kv` (services/kv.ts) and `grove` (services/grove.ts). */
import type { GroveVariant } from '../../model/grove/variant.ts';
import { groveService } from './grove.ts';
import { kvService } from './kv.ts';
import type { Service } from './service.ts';

/** The service names a node may send to. */
export const SERVICE_NAMES = ['lin-kv', 'seq-kv', 'lww-kv', 'grove'] as const;

/** A factory of fresh services, the grove remote judged by `variant`. */
export function serviceFactory(variant: GroveVariant): (name: string) => Service | undefined {
  const make: Record<(typeof SERVICE_NAMES)[number], () => Service> = {
    'lin-kv': () => kvService('lin-kv'),
    'seq-kv': () => kvService('seq-kv'),
    'lww-kv': () => kvService('lww-kv'),
    grove: () => groveService(variant),
  };
  return (name) => (Object.hasOwn(make, name) ? make[name as keyof typeof make]() : undefined);
}
