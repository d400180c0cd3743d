import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadExportOffer } from '$lib/export-queries';

export const load: PageLoad = ({ parent, fetch }) => ({ offer: whenSignedIn(parent, () => loadExportOffer(fetch)) });
