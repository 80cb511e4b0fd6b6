import { fireEvent, screen, waitFor } from "@testing-library/react";
import type { Dayjs } from "dayjs";
import { describe, expect, it, vi } from "vitest";
import { renderWithApp } from "../test/render";
import { DateInput } from "./DateInput";

/** Types `text` into the picker and confirms it with Enter, as a keyboard user does. */
async function typeDay(text: string) {
  const onChange = vi.fn<(day: Dayjs | null) => void>();
  renderWithApp(<DateInput placeholder="日期" onChange={onChange} />);
  const input = screen.getByPlaceholderText("日期");
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: "Enter", code: "Enter" });
  return onChange;
}

describe("DateInput", () => {
  it.each(["1998-7-1", "1998/7/1", "1998年7月1日", "19980701", "1998.07.01", "1998-07-01"])(
    "reads %s as 1 July 1998",
    async (text) => {
      const onChange = await typeDay(text);
      await waitFor(() => expect(onChange).toHaveBeenCalled());
      expect(onChange.mock.calls.at(-1)?.[0]?.format("YYYY-MM-DD")).toBe("1998-07-01");
    },
  );

  it("takes no impossible day", async () => {
    const onChange = await typeDay("2030-13-45");
    await new Promise((r) => setTimeout(r, 50));
    expect(onChange.mock.calls.filter(([d]) => d !== null)).toHaveLength(0);
  });
});
