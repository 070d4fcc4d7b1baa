// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/client.ts";
import { useLocaleStore } from "../../stores/locale.ts";
import { LoginForm } from "./LoginForm.tsx";
import { safeRedirect } from "./LoginPage.tsx";

afterEach(cleanup);

function fill(container: HTMLElement, username: string, password: string) {
  fireEvent.change(container.querySelector('input[name="username"]')!, { target: { value: username } });
  fireEvent.change(container.querySelector('input[name="password"]')!, { target: { value: password } });
}

describe("LoginForm", () => {
  useLocaleStore.setState({ locale: "en" });

  it("has the contract's input names and submits the typed credentials", async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    const { container } = render(<LoginForm onSubmit={onSubmit} />);
    expect(container.querySelector('input[name="password"]')?.getAttribute("type")).toBe("password");
    fill(container, "alice", "s3cret-pass");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith("alice", "s3cret-pass"));
  });

  it("shows the API's message when the login is refused", async () => {
    const onSubmit = vi
      .fn()
      .mockRejectedValue(
        new ApiError(401, { error: "AuthenticationError", message: "Invalid username or password" }),
      );
    const { container } = render(<LoginForm onSubmit={onSubmit} />);
    fill(container, "alice", "wrong-pass");
    fireEvent.submit(screen.getByTestId("login-form"));
    expect((await screen.findByRole("alert")).textContent).toBe("Invalid username or password");
    expect(screen.getByRole("button", { name: "Sign in" })).not.toHaveProperty("disabled", true);
  });
});

describe("safeRedirect", () => {
  it("follows same-site paths only", () => {
    expect(safeRedirect("/events?severity=high")).toBe("/events?severity=high");
    expect(safeRedirect("https://evil.example/")).toBe("/dashboard");
    expect(safeRedirect("//evil.example/")).toBe("/dashboard");
    expect(safeRedirect("/login?redirect=/x")).toBe("/dashboard");
    expect(safeRedirect(undefined)).toBe("/dashboard");
  });
});
