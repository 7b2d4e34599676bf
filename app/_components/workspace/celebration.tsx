const PIECES = 18;

/** A first solve, celebrated at the top of the results (never over them); the message stays readable without the motion. */
export function Celebration() {
  return (
    <div className="celebration" role="status">
      <div className="confetti" aria-hidden="true">
        {Array.from({ length: PIECES }, (_, i) => (
          <span key={i} style={{ '--i': i } as React.CSSProperties} />
        ))}
      </div>
      <p>
        <strong className="celebration-title">Solved!</strong> Every test passed, hidden ones too. The reference solution and its explanation are now
        open beside the task.
      </p>
    </div>
  );
}
