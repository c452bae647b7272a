// Object storage (endpoint, buckets, TLS) for the components that read it.
import { Flag } from '../flag';
import { FlagContext } from './context';

export function objectStorageFlags({ checked, component }: FlagContext): Flag[] {
  return component.spec.objectStorage && checked.storage ? [...checked.storage.flags] : [];
}
