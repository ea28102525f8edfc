from portcullis_kit.runtime import main
from scoring.bootstrap import bootstrap
from scoring.settings import ScoringSettings

if __name__ == "__main__":
    main(ScoringSettings, bootstrap)
