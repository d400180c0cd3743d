import type { PageLoad } from './$types';
import { whenSignedIn } from '$lib/api';
import { loadFactColumns } from '$lib/explore-queries';

export const load: PageLoad = ({ parent, fetch }) => ({ facts: whenSignedIn(parent, () => loadFactColumns(fetch)) });
