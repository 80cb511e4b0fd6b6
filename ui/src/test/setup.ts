import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import "../i18n";
import { setAppToday } from "../lib/today";
import { TEST_TODAY } from "./testDay";

setAppToday(TEST_TODAY);

// antd's large forms validate and render slowly in jsdom on a busy 2-core machine: findBy*
// and waitFor get 15 s instead of 1 s before they give up (a real failure still fails).
configure({ asyncUtilTimeout: 15000 });

// antd reads media queries and computed styles that jsdom does not implement.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

const realGetComputedStyle = window.getComputedStyle.bind(window);
// jsdom throws "Not implemented" for pseudo-elements; antd asks for them when measuring.
window.getComputedStyle = (elt: Element) => realGetComputedStyle(elt);

if (!("ResizeObserver" in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, "ResizeObserver", { writable: true, value: ResizeObserverStub });
}

afterEach(() => {
  cleanup();
  clearMocks();
  setAppToday(TEST_TODAY);
});
