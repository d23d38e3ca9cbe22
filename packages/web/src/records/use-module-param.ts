import { useParams } from 'react-router';
import { useModule } from '../api/meta';

/** The module named in the URL (`/:module/...`) and its metadata. */
export function useModuleParam() {
  const params = useParams();
  const { module, meta, isPending } = useModule(params.module);
  return { name: params.module ?? '', id: params.id, module, meta, isPending };
}
