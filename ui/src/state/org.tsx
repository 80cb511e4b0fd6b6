import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import type { ApiError } from "../bindings/ApiError";
import type { OrgTree } from "../bindings/OrgTree";
import { orgTree } from "../ipc/register";
import type { Scope } from "../lib/orgTree";

type OrgState = {
  /** null until the first load answers. */
  tree: OrgTree | null;
  loadError: ApiError | null;
  reload: () => Promise<void>;
  /** App-wide: the header selector, the register tree and the home page all share it. */
  scope: Scope | null;
  setScope: (scope: Scope | null) => void;
};

const OrgContext = createContext<OrgState | null>(null);

export function OrgProvider({ children }: { children: ReactNode }) {
  const [tree, setTree] = useState<OrgTree | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [scope, setScope] = useState<Scope | null>(null);

  const reload = useCallback(async () => {
    try {
      setTree(await orgTree());
      setLoadError(null);
    } catch (e) {
      setLoadError(e as ApiError);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <OrgContext.Provider value={{ tree, loadError, reload, scope, setScope }}>
      {children}
    </OrgContext.Provider>
  );
}

export function useOrg(): OrgState {
  const state = useContext(OrgContext);
  if (!state) throw new Error("useOrg outside OrgProvider");
  return state;
}
