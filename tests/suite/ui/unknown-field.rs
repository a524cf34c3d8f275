workflow_runtime::workflow!("../../../schemas/car.json");

fn main() {
    let _input = car::Input { prompt: "hi".into(), temprature: 0.5 };
}
