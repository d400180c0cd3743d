import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadDeliveries } from '$lib/delivery-queries';

export const load: PageLoad = ({ parent, fetch, depends }) => {
  depends('app:deliveries');
  return { deliveries: whenSignedIn(parent, () => loadDeliveries(fetch)) };
};
