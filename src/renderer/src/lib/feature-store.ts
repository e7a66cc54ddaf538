import { useStore } from 'zustand'
import { createStore, type StoreApi } from 'zustand/vanilla'

/** A feature's store, the hook that reads it through a selector, and the reset the tests call between cases. */
export interface FeatureStore<S> {
  store: StoreApi<S>
  use: <T>(selector: (state: S) => T) => T
  reset: () => void
}

/**
 * One small store per feature (zustand vanilla, so actions are plain functions callable outside
 * React), always read through a selector; `reset` puts back a fresh initial state, replacing the whole.
 */
export function featureStore<S>(initial: () => S): FeatureStore<S> {
  const store = createStore<S>()(initial)
  function useFeature<T>(selector: (state: S) => T): T {
    return useStore(store, selector)
  }
  return { store, use: useFeature, reset: () => store.setState(initial(), true) }
}
